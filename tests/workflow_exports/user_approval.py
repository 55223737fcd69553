from agents import Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel
from chatkit_notebook import approve

refund_agent = Agent(
  name="Refund agent",
  instructions="Confirm to the user that the refund was issued.",
  model="gpt-4.1",
  model_settings=ModelSettings(
    store=True
  )
)


def approval_request(message: str):
  # TODO: Implement
  return True

class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Refund with approval"):
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
    approval_message = "Issue a refund for this request?"

    if await approve(approval_message):
      refund_agent_result_temp = await Runner.run(
        refund_agent,
        input=[
          *conversation_history
        ],
        run_config=RunConfig(trace_metadata={
          "__trace_source__": "agent-builder",
          "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c73"
        })
      )

      conversation_history.extend([item.to_input_item() for item in refund_agent_result_temp.new_items])

      refund_agent_result = {
        "output_text": refund_agent_result_temp.final_output_as(str)
      }
      return refund_agent_result
    else:
      end_result = {
        "message": "The refund was not approved."
      }
      return end_result
