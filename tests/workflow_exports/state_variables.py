from agents import Agent, ModelSettings, TResponseInputItem, Runner, RunConfig, trace
from pydantic import BaseModel


class ExtractorSchema(BaseModel):
  city: str
  nights: float


extractor = Agent(
  name="Trip extractor",
  instructions="Extract the destination city and the number of nights.",
  model="gpt-4.1-mini",
  output_type=ExtractorSchema,
  model_settings=ModelSettings(
    store=True
  )
)


class WorkflowInput(BaseModel):
  input_as_text: str


# Main code entrypoint
async def run_workflow(workflow_input: WorkflowInput):
  with trace("Trip planner"):
    state = {
      "city": None,
      "nights": 0,
      "budget": 0
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
    extractor_result_temp = await Runner.run(
      extractor,
      input=[
        *conversation_history
      ],
      run_config=RunConfig(trace_metadata={
        "__trace_source__": "agent-builder",
        "workflow_id": "wf_68f0c2a1b2c3d4e5f60718293a4b5c71"
      })
    )

    conversation_history.extend([item.to_input_item() for item in extractor_result_temp.new_items])

    extractor_result = {
      "output_text": extractor_result_temp.final_output.json(),
      "output_parsed": extractor_result_temp.final_output.model_dump()
    }
    state["city"] = extractor_result["output_parsed"]["city"]
    state["nights"] = extractor_result["output_parsed"]["nights"]
    state["budget"] = state["nights"] * 120
    return state
