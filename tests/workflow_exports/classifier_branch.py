from agents import Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel


class ClassifierSchema(BaseModel):
  classification: str


classifier = Agent(
  name="Classifier",
  instructions="""Classify the user's request as \"billing\" or \"other\".""",
  model="gpt-4.1-mini",
  output_type=ClassifierSchema,
  model_settings=ModelSettings(
    temperature=1,
    top_p=1,
    max_tokens=2048,
    store=True
  )
)


billing_agent = Agent(
  name="Billing agent",
  instructions="Help with invoices and payments.",
  model="gpt-4.1",
  model_settings=ModelSettings(
    store=True
  )
)


class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Billing router"):
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
    classifier_result_temp = await Runner.run(
      classifier,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c70"
      })
    )

    conversation_history.extend([item.to_input_item() for item in classifier_result_temp.new_items])

    classifier_result = {
      "output_text": classifier_result_temp.final_output.json(),
      "output_parsed": classifier_result_temp.final_output.model_dump()
    }
    if classifier_result["output_parsed"]["classification"] == "billing":
      billing_agent_result_temp = await Runner.run(
        billing_agent,
        input=[
          *conversation_history
        ],
        run_config=RunConfig(trace_metadata={
          "__trace_source__": "agent-builder",
          "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c70"
        })
      )

      conversation_history.extend([item.to_input_item() for item in billing_agent_result_temp.new_items])

      billing_agent_result = {
        "output_text": billing_agent_result_temp.final_output_as(str)
      }
      return billing_agent_result
    else:
      end_result = {
        "message": "Sorry, I can only help with billing questions."
      }
      return end_result
