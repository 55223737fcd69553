from agents import function_tool, Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel

# Tool definitions
@function_tool
def get_order_status(order_id: str):
  return f"Order {order_id} shipped on Monday"

@function_tool
def get_refund_policy():
  return "Refunds are accepted within 30 days"

support_agent = Agent(
  name="Support agent",
  instructions="Answer questions about orders. Use the tools.",
  model="gpt-4.1",
  tools=[
    get_order_status,
    get_refund_policy
  ],
  model_settings=ModelSettings(
    temperature=1,
    top_p=1,
    max_tokens=2048,
    store=True
  )
)


class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Order support"):
    state = {

    }
    workflow = workflow_input.model_dump()
    conversation_history: list[TResponseInputItem] = [
      {
        "role": "user",
        "content": [
          {
            "type": "input_text",
            "text": workflow["input_as_text"]
          }
        ]
      }
    ]
    support_agent_result_temp = await Runner.run(
      support_agent,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c6e"
      })
    )

    conversation_history.extend([item.to_input_item() for item in support_agent_result_temp.new_items])

    support_agent_result = {
      "output_text": support_agent_result_temp.final_output_as(str)
    }
    return support_agent_result
